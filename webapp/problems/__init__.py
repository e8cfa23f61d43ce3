"""问题台账: the board of open problems and the closed loop of each problem."""
