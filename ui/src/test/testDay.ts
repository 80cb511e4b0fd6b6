/**
 * The day every UI test runs on unless it states its own with `setAppToday` (the app's day comes
 * from the shell; the browser's clock never decides a test). The 5th of December: an activity
 * day three days ahead, and next month is in next year.
 */
export const TEST_TODAY = "2026-12-05";
