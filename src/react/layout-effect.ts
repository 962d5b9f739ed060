'use client';
/**
 * A layout effect that is a plain effect on the server, where neither runs: React 18 warns
 * "useLayoutEffect does nothing on the server" for the raw hook. As Radix's `use-layout-effect`.
 */
import { useEffect, useLayoutEffect } from 'react';

export const useIsomorphicLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;
