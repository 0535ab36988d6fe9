export declare function processCpuMs(): { own: number; children: number };
export declare function treeRssMiB(pid: number): number;
