fn main() -> std::process::ExitCode {
    gatebench::cli_main()
}
