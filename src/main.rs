//! `kehoach`: the command line. Every job of the officer, scriptable; a thin
//! front end over the library, like the desktop app.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
