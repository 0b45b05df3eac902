"""The Qt drawing kit: the view base class, themes, fonts, translations, colour helpers and the one
Qt start-up every entry point uses. It knows nothing of any scene; scene views build on it."""
