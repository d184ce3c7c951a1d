//! The load generators an experiment file names (`[[generator]]`,
//! `docs/distributed-load.md`): this machine, or a host reached over SSH; the
//! rules of a run on several; names, destinations and quoting. How each kind
//! runs a tool is its backend's (`backend/`).

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

/// One `[[generator]]`, as the file names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeneratorSpec {
    /// Names its files (`x.round1.NAME.csv`) and its lines in the manifest.
    pub name: String,
    pub reach: Reach,
}

/// How a generator is reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    /// This machine (`local = true`).
    Local,
    /// `ssh DESTINATION`: `host`, `user@host`, an alias of the SSH config, or
    /// `ssh://user@host:port`.
    Ssh {
        destination: String,
        /// `ssh -F FILE`, when the generator names its own config file.
        config: Option<PathBuf>,
    },
}

/// What to do when a generator drops out of a run (`on_generator_failure`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OnFailure {
    /// Keep the others' data as a `partial` run and go on.
    Continue,
    /// Keep the partial run and end the experiment.
    Stop,
}

/// The rules of a run on several generators.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FleetRules {
    /// Different tool versions on different generators are allowed.
    pub allow_mixed_versions: bool,
    pub on_failure: OnFailure,
    /// A generator whose clock is further from this machine's is refused.
    #[serde(serialize_with = "millis")]
    pub max_clock_offset: Duration,
    /// A run whose starts spread wider is flagged.
    #[serde(serialize_with = "millis")]
    pub max_start_spread: Duration,
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64() * 1000.0)
}

impl Default for FleetRules {
    fn default() -> Self {
        FleetRules {
            allow_mixed_versions: false,
            on_failure: OnFailure::Continue,
            max_clock_offset: Duration::from_secs(1),
            max_start_spread: Duration::from_millis(100),
        }
    }
}

/// How long `ssh` may take to connect before the host counts as unreachable.
pub const CONNECT_TIMEOUT_S: u32 = 10;

impl GeneratorSpec {
    /// Where it runs, for messages: "local" or its SSH destination.
    pub fn host(&self) -> &str {
        match &self.reach {
            Reach::Local => "local",
            Reach::Ssh { destination, .. } => destination,
        }
    }

    /// "gen-a (user@host)", or the name alone where it is the host.
    pub fn described(&self) -> String {
        described(&self.name, self.host())
    }
}

/// "gen-a (user@host)", or the name alone where it is the host.
pub fn described(name: &str, host: &str) -> String {
    if name == host {
        name.to_owned()
    } else {
        format!("{name} ({host})")
    }
}

/// The generator name an SSH destination gives when the file names none: its host.
pub fn default_name(destination: &str) -> String {
    let rest = destination.strip_prefix("ssh://").unwrap_or(destination);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    let host = match rest.strip_prefix('[') {
        // ssh://user@[::1]:2222
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None if destination.starts_with("ssh://") => rest.split(':').next().unwrap_or(rest),
        None => rest,
    };
    host.trim_end_matches('/').to_owned()
}

/// Why `destination` is not one `ssh` takes, if it is not.
pub fn check_destination(destination: &str) -> Result<(), String> {
    if destination.is_empty() {
        return Err("is empty: expected an SSH destination such as user@host".into());
    }
    if destination.starts_with('-') {
        return Err(format!(
            "`{destination}` begins with `-`: expected an SSH destination, not an option"
        ));
    }
    if destination.contains(char::is_whitespace) {
        return Err(format!(
            "`{destination}` holds a space: expected an SSH destination such as user@host, \
             an alias of your SSH config or ssh://user@host:port"
        ));
    }
    Ok(())
}

/// Standard base64 (RFC 4648), as `base64 -d` reads it.
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// `s` quoted for `sh`: in single quotes, each `'` written `'\''`.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_destinations() {
        assert_eq!(default_name("gen1"), "gen1");
        assert_eq!(default_name("bench@10.0.0.7"), "10.0.0.7");
        assert_eq!(default_name("ssh://bench@loadgen-2:2222"), "loadgen-2");
        assert_eq!(default_name("ssh://[::1]:2222"), "::1");
    }

    #[test]
    fn destinations_that_are_options_are_refused() {
        assert!(check_destination("-oProxyCommand=x").is_err());
        assert!(check_destination("a b").is_err());
        assert!(check_destination("").is_err());
        assert!(check_destination("ssh://u@h:22").is_ok());
    }

    #[test]
    fn quoting_survives_sh() {
        let s = "it's \"$HOME\" `x`";
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("printf %s {}", shell_quote(s)))
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), s);
    }
}
