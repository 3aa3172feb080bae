/** What the store tells its caller about its own state at open (shown to the user, never silent). */
export type StoreNoticeKind =
  /** First start: a new empty database was created. */
  | 'created'
  /** The database file failed to parse or validate: moved aside, the backup was restored. */
  | 'restored-from-backup'
  /** The database file was missing but a backup existed: the backup was restored. */
  | 'restored-missing-file'
  /** The database file was unusable and there was no usable backup: started empty. */
  | 'started-empty'
  /** Some photos were made by another embedding model: those residents need re-enrollment. */
  | 'needs-reenrollment'
  /** Biometric fields were re-encoded with the store's codec (a plain database encrypted at open). */
  | 'reencoded'
  /** The access log's hash chain is broken: entries were altered, removed or inserted outside the app. */
  | 'log-tampered'
  /** Access log entries from before the hash chain were chained now. */
  | 'log-chained'

export interface StoreNotice {
  kind: StoreNoticeKind
  severity: 'info' | 'warning' | 'error'
  message: string
  /** Where the unusable file was moved (kept for inspection or manual recovery). */
  movedTo?: string
  /** Why the file was unusable. */
  reason?: string
}
