//! ovh-sim.
