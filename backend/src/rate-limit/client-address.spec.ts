import { clientAddressOf } from './client-address';

describe('clientAddressOf', () => {
  it('counts IPv4 clients by address, also when written as IPv4-mapped IPv6', () => {
    expect(clientAddressOf('203.0.113.9')).toBe('203.0.113.9');
    expect(clientAddressOf('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(clientAddressOf(undefined)).toBe('unknown');
  });

  it('counts IPv6 clients by their /64, however the address is written', () => {
    expect(clientAddressOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientAddressOf('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientAddressOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientAddressOf('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
