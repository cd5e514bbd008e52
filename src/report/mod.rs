//! The doctor report and the emergency card: pure rendering of data values; the PDF is printed
//! from the report's HTML by a headless Chromium.

pub mod card;
pub mod chart;
pub mod html;
pub mod pdf;
pub mod pump;
