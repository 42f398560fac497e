"""The education dashboard (seed 003): schools, attendance, exclusions, children missing
education, attainment, SEND and the high-needs block, from aggregate inputs (the council's own
monthly figures in a documented template, the DfE's published LA-level tables)."""
