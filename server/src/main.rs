//! `citeosquare`: see [`citeosquare_server::cli`].

fn main() -> std::process::ExitCode {
    citeosquare_server::cli::main()
}
