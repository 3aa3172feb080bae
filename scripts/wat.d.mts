export declare function watToolMissing(): string | null
export declare function watToWasm(input: string | { source: string }): Buffer
