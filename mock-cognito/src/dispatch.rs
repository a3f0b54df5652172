//! `X-Amz-Target` → handler.

use cognito_auth_proto::{Action, ErrorKind};

use crate::error::{ApiError, err};
use crate::service::Inner;

/// Runs one action on a request body and returns the response body.
pub(crate) fn dispatch(inner: &Inner, action: &Action, body: &[u8]) -> Result<Vec<u8>, ApiError> {
    let _ = (inner, body);
    Err(err(
        ErrorKind::UnknownOperation,
        format!("mock-cognito does not implement {action} yet"),
    ))
}
