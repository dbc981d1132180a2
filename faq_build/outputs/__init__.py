"""What the build writes besides the Markdown pages: each is a step listed in build.py."""
