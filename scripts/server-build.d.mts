export declare const SERVER_BUNDLE: string;
export declare function ensureServerBuilt(root: string): Promise<boolean>;
export declare const SERVER_NODE_ARGS: string[];
