//! Any text as a formula: parsing must return an AST or a located syntax error, never
//! panic, hang or overflow the stack.
#![no_main]

use hrrules::error::FileId;
use hrrules::Limits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let limits = Limits::default();
    match hrrules::syntax::parse_expr(&text, FileId(0), 0, &limits) {
        Ok(expr) => {
            let _ = expr.depth();
            let _ = format!("{expr:?}");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
