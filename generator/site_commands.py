"""Site commands (generate, build) register themselves here."""
