"""执法全过程记录: every event of a task, problem, unit, officer or draw, printable and exportable."""
