"""The Qt layer: it draws states the core computes and turns user input into calls on the core."""
