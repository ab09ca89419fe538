"""A young person's My pledge page: "right now" first (what is late, what is coming up, replies for them), then the
pledge in the council's words grouped by the young person's stage.

stages.py decides which promises a young person sees open and which are folded away; page.py builds the page's
promises from one list (so what is counted late is always shown); service.py is the pure summary; replies.py
reads the replies written to the young person; visits.py notices a first visit and what they have seen.
"""
