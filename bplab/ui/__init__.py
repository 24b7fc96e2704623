"""What the learner's browser talks to: widgets and the server's side."""
