export declare const DEV_ONLY_VARIABLES: string[]
export declare function kioskChildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv
