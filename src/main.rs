//! The `cartstore` command-line tool: a thin client of the library. Everything lives in
//! [`cli`]; `main` only turns its outcome into the process exit code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
