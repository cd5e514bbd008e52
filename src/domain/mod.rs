//! Pure types and parsing: no SQL, no terminal, no clock.

pub mod amount;
pub mod entry;
pub mod pump;
pub mod regimen;
pub mod repeat;
pub mod safe_text;
pub mod supply;
pub mod when;

pub use amount::{Amount, AmountError};
pub use entry::*;
pub use regimen::{
    DoseLimits, DoseList, Gap, Medicine, MedicineInput, NewMedicine, RegimenArgs, RegimenInput,
    TimeList, check_regimen, parse_class, parse_from, parse_medicine, parse_regimen,
};
pub use repeat::{Repeat, find_repeat};
pub use safe_text::sanitize;
pub use supply::{MAX_TABLETS, NewSupply, SupplyEvent, SupplyKind, parse_strength, parse_tablets};
pub use when::{When, WhenError, parse_bound, parse_when};
