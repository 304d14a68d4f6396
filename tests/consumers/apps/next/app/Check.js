'use client';
import { useEffect } from 'react';
import * as pk from 'personkit';
import { check } from '../check.mjs';

export default function Check() {
  useEffect(() => {
    const q = new URLSearchParams(location.search);
    check(pk, q.get('mock'), q.get('refused')).then((r) => { window.__result = r; });
  }, []);
  return <p>{pk.validateEqualsPerson({}).ok ? 'valid' : 'checking'}</p>;
}
