fn main() -> std::process::ExitCode {
    gatebench::cli::main()
}
