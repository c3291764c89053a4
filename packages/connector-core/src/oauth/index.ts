// Filled in by the oauth module; see DESIGN.md.
export {};
