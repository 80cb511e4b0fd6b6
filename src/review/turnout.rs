//! Turnout: how many of a group's registered reviewers handed in a sheet. A review with few
//! sheets still tallies, but a committee ranks branches by it, so tallying or finalising with
//! low turnout is done only once someone has seen the figure and said so.

/// A group's turnout is low below this share of its registered reviewers, in percent.
pub const LOW_TURNOUT_PERCENT: u32 = 50;

/// Whether `sheets` out of `registered` is low turnout. A group nobody was registered for has
/// no turnout to judge (residents are often not counted ahead).
pub fn is_low(sheets: u32, registered: u32) -> bool {
    registered > 0
        && u64::from(sheets) * 100 < u64::from(registered) * u64::from(LOW_TURNOUT_PERCENT)
}

/// `sheets` out of `registered` in whole percent, rounded down (0 when nobody was registered).
pub fn percent(sheets: u32, registered: u32) -> u32 {
    if registered == 0 {
        return 0;
    }
    (u64::from(sheets) * 100 / u64::from(registered)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_is_enough_below_half_is_low() {
        assert!(is_low(7, 125));
        assert!(is_low(62, 125), "49.6 %");
        assert!(!is_low(63, 125), "50.4 %");
        assert!(!is_low(50, 100), "exactly half");
        assert!(is_low(49, 100));
        assert!(is_low(0, 1));
        assert!(!is_low(0, 0), "nobody registered: nothing to judge");
        assert!(!is_low(5, 0));
        assert!(!is_low(u32::MAX, u32::MAX), "no overflow");
    }

    #[test]
    fn percent_rounds_down() {
        assert_eq!(percent(7, 125), 5);
        assert_eq!(percent(125, 125), 100);
        assert_eq!(percent(2, 3), 66);
        assert_eq!(percent(3, 0), 0);
    }
}
