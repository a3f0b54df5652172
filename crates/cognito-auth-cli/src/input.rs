//! Reading answers: lines of standard input, or the terminal without echo
//! for secrets.

use std::io::{BufRead as _, IsTerminal as _, Write as _};

use cognito_auth::Sensitive;

use crate::error::CliError;

/// Standard input, as prompts and `--*-stdin` options read it.
#[derive(Debug)]
pub struct Input {
    tty: bool,
}

impl Input {
    pub fn new() -> Self {
        Self {
            tty: std::io::stdin().is_terminal(),
        }
    }

    /// True when standard input is a terminal.
    pub fn is_tty(&self) -> bool {
        self.tty
    }

    fn read_line(&mut self, what: &str) -> Result<String, CliError> {
        let mut line = String::new();
        let n = std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| CliError::terminal(&e))?;
        if n == 0 {
            return Err(CliError::input(format!(
                "standard input ended before {what} was given"
            )));
        }
        while line.ends_with('\n') || line.ends_with('\r') {
            line.pop();
        }
        Ok(line)
    }

    /// Asks on standard error and reads one line (shown as typed). Leading
    /// and trailing blanks are dropped.
    pub fn line(&mut self, prompt: &str, what: &str) -> Result<String, CliError> {
        eprint!("{prompt}");
        let _ = std::io::stderr().flush();
        let line = self.read_line(what)?;
        if !self.tty {
            // Nothing echoed the answer: end the prompt's line.
            eprintln!();
        }
        Ok(line.trim().to_owned())
    }

    /// Reads a secret: on a terminal without echo (the prompt goes to the
    /// terminal), otherwise the next line of standard input, kept exactly
    /// (only the line end is removed).
    pub fn secret(&mut self, prompt: &str, what: &str) -> Result<Sensitive, CliError> {
        if self.tty {
            return match rpassword::prompt_password(prompt) {
                Ok(s) => Ok(Sensitive::new(s)),
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Err(CliError::input(
                    format!("the terminal input ended before {what} was given"),
                )),
                Err(e) => Err(CliError::terminal(&e)),
            };
        }
        if !prompt.is_empty() {
            eprint!("{prompt}");
            let _ = std::io::stderr().flush();
        }
        let line = self.read_line(what)?;
        if !prompt.is_empty() {
            // The answer was not echoed by a terminal: end the prompt's line.
            eprintln!();
        }
        Ok(Sensitive::new(line))
    }

    /// A new secret, typed twice on a terminal.
    pub fn new_secret(&mut self, prompt: &str, what: &str) -> Result<Sensitive, CliError> {
        for _ in 0..3 {
            let first = self.secret(prompt, what)?;
            if !self.tty || first.is_empty() {
                return Ok(first);
            }
            let again = self.secret("Repeat it: ", what)?;
            if again == first {
                return Ok(first);
            }
            eprintln!("The two entries differ; again.");
        }
        Err(CliError::input(format!(
            "{what}: the two entries differed three times"
        )))
    }

    /// Asks to choose one of `options` by name (any case) or number.
    pub fn choose(&mut self, prompt: &str, options: &[&str]) -> Result<String, CliError> {
        for (i, o) in options.iter().enumerate() {
            eprintln!("  {}) {o}", i + 1);
        }
        for _ in 0..3 {
            let answer = self.line(&format!("{prompt} [{}]: ", options.join(", ")), prompt)?;
            let chosen = answer
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| options.get(i))
                .or_else(|| options.iter().find(|o| o.eq_ignore_ascii_case(&answer)));
            if let Some(c) = chosen {
                return Ok((*c).to_owned());
            }
            eprintln!("Choose one of {} (or its number).", options.join(", "));
        }
        Err(CliError::input(format!(
            "{prompt}: no valid choice among {}",
            options.join(", ")
        )))
    }
}
