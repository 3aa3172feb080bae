/** The model with every eligible conv chain padded to a multiple of `multiple` channels, and how many were. */
export declare function padChannels(bytes: Uint8Array, multiple: number): { bytes: Buffer; padded: number }
