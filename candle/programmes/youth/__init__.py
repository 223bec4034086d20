"""Youth programme applications (issue 25): programmes with an application window, their own
questions, required uploads and a scoring rubric; the public application form; a guardian's
consent for applicants under 14 (PIPA art. 22-2); review by the programme's staff group only;
erasure a set time after the programme ends. See docs/subsystems/programmes.md."""
