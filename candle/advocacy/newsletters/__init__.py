"""Newsletters (issue 24): compose in the admin, send to a segment of consenting supporters in
throttled batches, unsubscribe by link or one-click POST, suppress what the provider bounces,
and the public archive. See docs/subsystems/newsletters.md."""
