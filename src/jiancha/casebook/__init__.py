"""casebook stage."""
