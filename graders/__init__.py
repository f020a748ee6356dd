"""graders: progress intake, completion rules, verifiable certificates and their delivery."""
