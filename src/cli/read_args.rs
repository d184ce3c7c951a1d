//! How every command that reads result files reads them: `--input-format`, the
//! formats' own options (one flag each, from the importer list: `--hlog-unit`) and
//! `--general-reader`.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Arg, ArgMatches};

use crate::import::settings::all_options;
use crate::import::{Format, FormatSettings, Options};

#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReadArgs {
    /// Read every file as this format instead of detecting it from the content.
    #[arg(long, value_parser = input_format())]
    pub input_format: Option<Format>,
    #[command(flatten)]
    pub settings: FormatOptionArgs,
    /// Read per-request files with the general CSV reader only, never a fast path
    /// (slower; the runs are the same, which this checks).
    #[arg(long)]
    pub general_reader: bool,
    /// What `-` (standard input) is called: the label of its runs, from which
    /// integration type and memory tier are read as from a file name.
    #[arg(long, value_name = "NAME", default_value = None)]
    pub stdin_label: Option<String>,
    /// Guess no integration type or memory tier from names (file names, JTL labels):
    /// runs keep only what their files state.
    #[arg(long)]
    pub no_infer: bool,
    /// Leave out each run's transient: its figures from the time blocks after the
    /// steady state MSER-5 found (per-request files; docs/steady-state.md).
    #[arg(long)]
    pub exclude_warmup: bool,
    /// Pair a server log with the client run labelled LABEL (docs/breakdown.md):
    /// an access log or a function's log of the same time; repeat for several.
    #[arg(long, value_name = "LABEL=FILE", value_parser = server_log)]
    pub server_log: Vec<(String, std::path::PathBuf)>,
}

/// `LABEL=FILE`, split at the last `=` that leaves a file name.
fn server_log(value: &str) -> Result<(String, std::path::PathBuf), String> {
    match value.split_once('=') {
        Some((label, file)) if !label.trim().is_empty() && !file.is_empty() => {
            Ok((label.trim().to_owned(), std::path::PathBuf::from(file)))
        }
        _ => Err(format!(
            "`{value}`: expected LABEL=FILE, a client run's label and a server log"
        )),
    }
}

impl ReadArgs {
    pub fn options(&self) -> Options {
        Options {
            format: self.input_format,
            settings: self.settings.0.clone(),
            general_reader_only: self.general_reader,
            no_infer: self.no_infer,
        }
    }
}

/// `--input-format`: any format of the importer list, by its id.
fn input_format() -> impl TypedValueParser<Value = Format> {
    let ids = Format::all().map(|f| PossibleValue::new(f.id()).help(f.describe()));
    PossibleValuesParser::new(ids)
        .try_map(|id| Format::by_id(&id).ok_or_else(|| format!("unknown format `{id}`")))
}

/// A flag for every option of every format, made from the importer list: adding an
/// option to a format adds its flag.
#[derive(Debug, Clone, Default)]
pub struct FormatOptionArgs(pub FormatSettings);

impl clap::Args for FormatOptionArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        all_options().fold(cmd, |cmd, (_, option)| {
            let arg = Arg::new(option.key).long(option.flag()).help(format!(
                "{} (default: {})",
                capitalized(option.describe),
                option.default_value()
            ));
            let arg = match option.free_text {
                // Free text (a pattern): checked by the option itself.
                Some(_) => arg.value_parser(clap::builder::ValueParser::new(move |value: &str| {
                    option.check(value).map(|()| value.to_owned())
                })),
                None => {
                    let choices = option
                        .choices
                        .iter()
                        .map(|(value, meaning)| PossibleValue::new(*value).help(*meaning));
                    arg.value_parser(PossibleValuesParser::new(choices))
                }
            };
            cmd.arg(arg)
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

impl clap::FromArgMatches for FormatOptionArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut settings = FormatSettings::default();
        for (_, option) in all_options() {
            if let Some(value) = matches.get_one::<String>(option.key) {
                settings
                    .set(option.key, value)
                    .map_err(|e| clap::Error::raw(clap::error::ErrorKind::InvalidValue, e))?;
            }
        }
        Ok(FormatOptionArgs(settings))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}
