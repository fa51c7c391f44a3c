/** Types of `packages-stamp.mjs` (the package build's stamp, read by test/build-once.ts). */
export declare const stampFile: string;
export declare function packagesFingerprint(): string;
export declare function packagesBuilt(): boolean;
export declare function writePackagesStamp(fingerprint: string): void;
