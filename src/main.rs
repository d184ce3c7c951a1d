use std::process::ExitCode;

use clap::Parser;
use gatebench::cli::{Cli, Command, eni, plot, summarize};
use gatebench::import::inputs;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if matches!(cli.command, Some(Command::Plot(_)))
        && std::env::var_os("XDG_RUNTIME_DIR").is_none()
    {
        // Mesa's drivers complain on stderr without it. No other thread runs yet.
        unsafe { std::env::set_var("XDG_RUNTIME_DIR", std::env::temp_dir()) };
    }
    let files = match cli.command {
        Some(Command::Summarize {
            format,
            baseline,
            merge,
            input_format,
            files,
        }) => {
            let code = summarize::run(
                &files,
                format,
                baseline.as_deref(),
                merge,
                input_format.map(Into::into),
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            );
            return ExitCode::from(code);
        }
        Some(Command::Plot(args)) => {
            let code = plot::run(
                &args,
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            );
            return ExitCode::from(code);
        }
        Some(Command::Eni(args)) => {
            let code = eni::run(
                &args,
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            );
            return ExitCode::from(code);
        }
        Some(Command::Open {
            files,
            input_format,
        }) if !files.is_empty() => (files, input_format.map(Into::into)),
        Some(Command::Open { .. }) | None => {
            (inputs::sample_data_dir().into_iter().collect(), None)
        }
    };
    match gatebench::gui::run(files.0, files.1) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot open the window: {e}");
            ExitCode::FAILURE
        }
    }
}
