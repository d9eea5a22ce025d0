import { describe, expect, it } from 'vitest';
import { coarseHealth, edsHealthFlags, Health, HealthFlag, Host } from '../../src/host/host.js';
import { locality } from '../../src/host/locality.js';

describe('Host health', () => {
  it('maps EDS health_status to flags as Envoy\'s setEdsHealthFlag', () => {
    expect(edsHealthFlags('UNKNOWN')).toBe(0);
    expect(edsHealthFlags('HEALTHY')).toBe(0);
    expect(edsHealthFlags('UNHEALTHY')).toBe(HealthFlag.FAILED_EDS_HEALTH);
    expect(edsHealthFlags('TIMEOUT')).toBe(HealthFlag.FAILED_EDS_HEALTH);
    expect(edsHealthFlags('DEGRADED')).toBe(HealthFlag.DEGRADED_EDS_HEALTH);
    expect(edsHealthFlags('DRAINING')).toBe(HealthFlag.EDS_STATUS_DRAINING);
  });
  it('derives coarse health: unhealthy flags win over degraded ones', () => {
    expect(coarseHealth(0)).toBe(Health.Healthy);
    expect(coarseHealth(HealthFlag.DEGRADED_ACTIVE_HC)).toBe(Health.Degraded);
    expect(coarseHealth(HealthFlag.DEGRADED_EDS_HEALTH | HealthFlag.FAILED_OUTLIER_CHECK)).toBe(Health.Unhealthy);
    expect(coarseHealth(HealthFlag.FAILED_ACTIVE_HC)).toBe(Health.Unhealthy);
    expect(coarseHealth(HealthFlag.EDS_STATUS_DRAINING)).toBe(Health.Unhealthy);
    // exclusion and pending removal alone do not change coarse health
    expect(coarseHealth(HealthFlag.PENDING_ACTIVE_HC)).toBe(Health.Healthy);
    expect(coarseHealth(HealthFlag.PENDING_DYNAMIC_REMOVAL)).toBe(Health.Healthy);
  });
  it('excludes hosts pending active HC, failed by an immediate HC, or draining', () => {
    const h = new Host({ address: '10.0.0.1:80' });
    expect(h.isExcluded()).toBe(false);
    for (const f of [HealthFlag.PENDING_ACTIVE_HC, HealthFlag.EXCLUDED_VIA_IMMEDIATE_HC_FAIL, HealthFlag.EDS_STATUS_DRAINING]) {
      h.setHealthFlag(f);
      expect(h.isExcluded()).toBe(true);
      h.clearHealthFlag(f);
      expect(h.isExcluded()).toBe(false);
    }
  });
  it('setEdsHealthStatus replaces only EDS flags and keeps active health check and outlier flags', () => {
    const h = new Host({ address: '10.0.0.1:80', healthStatus: 'UNHEALTHY' });
    h.setHealthFlag(HealthFlag.FAILED_OUTLIER_CHECK);
    h.setEdsHealthStatus('DEGRADED');
    expect(h.hasHealthFlag(HealthFlag.FAILED_EDS_HEALTH)).toBe(false);
    expect(h.hasHealthFlag(HealthFlag.DEGRADED_EDS_HEALTH)).toBe(true);
    expect(h.hasHealthFlag(HealthFlag.FAILED_OUTLIER_CHECK)).toBe(true);
    expect(h.coarseHealth()).toBe(Health.Unhealthy);
    h.clearHealthFlag(HealthFlag.FAILED_OUTLIER_CHECK);
    expect(h.coarseHealth()).toBe(Health.Degraded);
    expect(h.edsHealthStatus()).toBe('DEGRADED');
  });
});

describe('Host construction', () => {
  it('keeps address, hostname, weight, locality, metadata and creation time; counts requests from 0', () => {
    const h = new Host({
      address: '10.0.0.1:80',
      hostname: 'web-1',
      weight: 7,
      locality: locality({ region: 'r', zone: 'z' }),
      metadata: { version: '1.0' },
      createdAt: 42,
    });
    expect([h.address, h.hostname, h.weight, h.locality.zone, h.metadata.get('version'), h.createdAt, h.activeRequests]).toEqual([
      '10.0.0.1:80',
      'web-1',
      7,
      'z',
      '1.0',
      42,
      0,
    ]);
    expect(h.lastHcPassTime).toBeNull();
    expect(String(h)).toBe('10.0.0.1:80');
  });
  it('gives every host a distinct increasing id', () => {
    const a = new Host({ address: 'a:1' });
    const b = new Host({ address: 'a:1' });
    expect(b.id).toBeGreaterThan(a.id);
  });
  it('rejects invalid weights and addresses with the field and value', () => {
    expect(() => new Host({ address: 'a:1', weight: 0 })).toThrow('weight: must be an integer in [1, 4294967295], got 0');
    expect(() => new Host({ address: 'a:1', weight: 1.5 })).toThrow('weight: must be an integer in [1, 4294967295], got 1.5');
    expect(() => new Host({ address: 'a:1', weight: 2 ** 32 })).toThrow('weight: must be an integer in [1, 4294967295], got 4294967296');
    expect(() => new Host({ address: '' })).toThrow('address: must be a non-empty "ip:port" string, got ""');
    const h = new Host({ address: 'a:1' });
    expect(() => h.setWeight(-2)).toThrow('weight: must be an integer in [1, 4294967295], got -2');
  });
});
