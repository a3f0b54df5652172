//! placeholder
pub(crate) fn bench_mock(_args: &[String]) -> Result<(), String> {
    Err("not yet".into())
}
