import { describe, expect, it } from 'vitest';
import { maskPersonalData, maskPersonalText } from '../../src/services/cdp/identity/mask-personal-data';

describe('masking personal data in free-form JSON', () => {
  it('masks emails and international phone numbers wherever they appear in text', () => {
    expect(maskPersonalText('write to rana@example.com today')).toBe('write to r***@example.com today');
    expect(maskPersonalText('ali@مثال.امارات')).toBe('a***@مثال.امارات');
    expect(maskPersonalText('call +971502223331 or +1 (555) 123-4567')).toBe('call +97150*****31 or +1 (55*********67');
    // Without the plus sign a long number may be an order or account number: left as it is.
    expect(maskPersonalText('order 971505551234, shipped 2026-01-05')).toBe('order 971505551234, shipped 2026-01-05');
  });

  it('masks the values of email- and phone-like keys, numbers included, at any depth', () => {
    expect(
      maskPersonalData({
        phone: 971505551234,
        contact: { tel: 971505551236, whatsapp: '971505551238', email: 'not-an-address', note: 'reach +971502223331' },
        list: [{ mobile: 971505551239 }],
        amount: 971505551240,
      }),
    ).toEqual({
      phone: '971505****34',
      contact: { tel: '971505****36', whatsapp: '971505****38', email: 'no***ss', note: 'reach +97150*****31' },
      list: [{ mobile: '971505****39' }],
      amount: 971505551240,
    });
  });

  it('masks phone numbers under any key naming a phone, however joined or cased, and emails percent-encoded in URLs', () => {
    expect(
      maskPersonalData({
        work_phone: '0529876543',
        contactPhone: '052 987 6543',
        billing: { 'tel-no': 529876543, cell: '+971 52 987 6543' },
        phone_verified: true,
        phone_country: 'AE',
        telemetry: 'on',
        page: { url: 'https://shop.test/reset?email=mask.test%40victim.com&x=1' },
      }),
    ).toEqual({
      work_phone: '052987**43',
      contactPhone: '052 98****43',
      billing: { 'tel-no': '529876*43', cell: '+971 5********43' },
      phone_verified: true,
      phone_country: 'AE',
      telemetry: 'on',
      page: { url: 'https://shop.test/reset?email=m***%40victim.com&x=1' },
    });
  });

  it('masks IP addresses under other names than ip (client_ip, ipv6, remote_addr), and only addresses there', () => {
    expect(
      maskPersonalData({
        ip: '203.0.113.9',
        client_ip: '198.51.100.77',
        ipv6: '2001:db8:85a3::8a2e:370:7334',
        request: { remote_addr: ' 192.0.2.1 ', x_forwarded_for: '::ffff:192.0.2.44' },
        zip: '12345',
        shipping: 'standard',
        app_version: '1.2.3.4',
      }),
    ).toEqual({
      ip: '203.0.113.***',
      client_ip: '198.51.100.***',
      ipv6: '2001:db8:85a3:***',
      request: { remote_addr: '192.0.2.***', x_forwarded_for: '::ffff:***' },
      zip: '12345',
      shipping: 'standard',
      app_version: '1.2.3.4',
    });
  });
});
