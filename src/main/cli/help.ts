export const EXIT = {
  ok: 0,
  /** An expected failure (AppError): bad image, quality rejection, unknown name... */
  error: 1,
  usage: 2,
  /** identify: not in the database; verify: not this person. */
  negative: 3,
  /** A look-alike warning: run again with --yes to go ahead. */
  needsConfirmation: 4,
  /** A bug: an unexpected internal error. */
  internal: 70
} as const

export const USAGE = `happy-house: the Happy House face-recognition door, from the command line

Usage: happy-house [--data DIR] [--json] COMMAND ...

Commands
  enroll NAME IMAGE...        Enroll a new resident from one or more photos
        [--camera]            the photos are camera captures (liveness is checked)
        [--largest]           take the largest face of photos with several faces
        [--yes]               enroll even when the face looks like another resident
  add-photos NAME IMAGE...    Add photos to a resident (same options)
  identify IMAGE              Who is it? The nearest resident, or "not in the database"
  verify IMAGE NAME           Is the person in IMAGE the resident NAME?
  residents                   List the residents
  rename NAME NEW_NAME        Rename a resident
  delete NAME --yes           Delete a resident for good (photos, embeddings; the name
                              is removed from the access log)
  log [--limit N] [--csv]     Recent access attempts (CSV: the whole log)
  eval --lfw DIR              LFW verification accuracy of the face model (DIR: pairs.txt + images/)
  service install|uninstall|status [--user] [--root DIR]
                              Boot into the kiosk: write or remove the systemd units

Options
  --data DIR   data directory (default: $XDG_CONFIG_HOME/happy-house or ~/.config/happy-house)
  --json       machine-readable output on stdout (errors too)
  --log-level L  debug | info | warn | error: the app's log lines (default info)
  -h, --help   this help

Identify and verify use the threshold of the sensitivity preset in the data directory's settings.

Exit codes
  0 done (identified / verified)   1 error (message says how to fix it)   2 bad command line
  3 not in the database / not this person   4 needs confirmation (--yes)   70 internal error
`
