"""hocvuso XBlocks: the simulated-phone practice block and the auto-graded quiz block."""
