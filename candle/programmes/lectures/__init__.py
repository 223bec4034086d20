"""Awareness-lecture booking: schools, churches, military units and companies ask for a
lecture through a public form; staff assign a speaker and a date from a calendar; the
institution gets a confirmation with an ``.ics`` in its language and, after the lecture, a
short survey link; a yearly report counts lectures given and people reached. The contact
person's details are erased a set time after the lecture (``services.lectures_retention_sweep``).

See docs/subsystems/programmes.md, "Lecture booking"."""
