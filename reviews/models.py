"""Reviews and IRO consultations: built with the care-plan and review promises (issue 4)."""
