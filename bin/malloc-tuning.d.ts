export declare const MALLOC_TUNING: Readonly<Record<string, string>>;
export declare function withMallocTuning(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function hasMallocTuning(env: NodeJS.ProcessEnv): boolean;
export declare function reexecWithMallocTuning(): boolean;
export declare function followLauncher(): void;
