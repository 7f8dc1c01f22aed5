// Types for check-imports.mjs (the tests import it).
export declare const STAGES: readonly string[];
export declare const LAYERS: readonly string[];
export declare const LEAVES: readonly string[];
export declare const ENTRIES: readonly string[];
export declare function layerOf(srcPath: string): { rank: number; name: string } | null;
export declare function checkImports(srcDir: string): string[];
