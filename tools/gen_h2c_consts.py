#!/usr/bin/env python3
"""Generate csrc/h2c_consts.h: the constants of RFC 9380 hash-to-curve for BLS12-381 (suites of section 8.8).

What is derived here and what is taken from the RFC (and then checked):
- Z (SSWU) for G1 and G2: derived by running the search of RFC 9380 appendix H.2 (find_z_sswu) with its own
  candidate order (ctr = F.gen(), F.gen() + 1, ...; candidates ctr, -ctr) and checked against the values of
  section 8.8.1 (Z = 11) and 8.8.2 (Z = -(2 + I)).
- A', B' of the isogenous curves E1', E2': taken from RFC 9380 sections 8.8.1 / 8.8.2. Checked: A'B' != 0 and
  the isogeny maps below send points of E' to points of E and are group homomorphisms.
- The 11-isogeny (G1) and 3-isogeny (G2) coefficients: taken from RFC 9380 appendix E.2 / E.3. Checked: they map
  random points of E' onto E, iso(P + Q) = iso(P) + iso(Q), and x_den = psi^2, y_den = psi^3 for a monic kernel
  polynomial psi of degree (l - 1)/2 (5 for l = 11, 1 for l = 3), as Velu's formulas require.
- sqrt_ratio constants: derived (RFC 9380 appendix F.2.1.1 generic for G2's q = p^2 = 9 mod 16, F.2.1.2 for G1's
  q = p = 3 mod 4).
- h_eff: G1 h_eff = 1 - z (section 8.8.1, checked); G2 h_eff of section 8.8.2 is checked to equal 3(z^2 - 1) h2
  and to agree mod r with the psi-based clearing of appendix G.3 (psi acts as z on G2), which is what the C uses.

Run: python3 tools/gen_h2c_consts.py > csrc/h2c_consts.h   (about a second)
"""
from __future__ import annotations

import random

Z_BLS = -0xD201000000010000
P = (Z_BLS - 1) ** 2 * (Z_BLS**4 - Z_BLS**2 + 1) // 3 + Z_BLS
R = Z_BLS**4 - Z_BLS**2 + 1
assert P == 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB
assert P % 4 == 3 and (P * P) % 16 == 9

# ----------------------------------------------------------------------------------------- fields Fp and Fp2
class Fp:
    __slots__ = ("v",)

    def __init__(self, v: int):
        self.v = v % P

    def __add__(self, o): return Fp(self.v + _fp(o).v)
    def __sub__(self, o): return Fp(self.v - _fp(o).v)
    def __mul__(self, o): return Fp(self.v * _fp(o).v)
    __radd__ = __add__
    __rmul__ = __mul__
    def __rsub__(self, o): return _fp(o) - self
    def __neg__(self): return Fp(-self.v)
    def __eq__(self, o): return self.v == _fp(o).v
    def __hash__(self): return hash(self.v)
    def __pow__(self, e: int): return Fp(pow(self.v, e, P))
    def inv(self): return Fp(pow(self.v, -1, P))
    def __truediv__(self, o): return self * _fp(o).inv()
    def is_zero(self): return self.v == 0
    def is_square(self): return self.v == 0 or pow(self.v, (P - 1) // 2, P) == 1

    def sqrt(self):
        s = Fp(pow(self.v, (P + 1) // 4, P))
        return s if s * s == self else None

    ORDER = P
    @staticmethod
    def zero(): return Fp(0)
    @staticmethod
    def one(): return Fp(1)


def _fp(o): return o if isinstance(o, Fp) else Fp(o)


class Fp2:
    """c0 + c1*I with I^2 = -1."""
    __slots__ = ("c0", "c1")

    def __init__(self, c0: int, c1: int = 0):
        self.c0, self.c1 = c0 % P, c1 % P

    def __add__(self, o): o = _fp2(o); return Fp2(self.c0 + o.c0, self.c1 + o.c1)
    def __sub__(self, o): o = _fp2(o); return Fp2(self.c0 - o.c0, self.c1 - o.c1)
    def __mul__(self, o):
        o = _fp2(o)
        return Fp2(self.c0 * o.c0 - self.c1 * o.c1, self.c0 * o.c1 + self.c1 * o.c0)
    __radd__ = __add__
    __rmul__ = __mul__
    def __rsub__(self, o): return _fp2(o) - self
    def __neg__(self): return Fp2(-self.c0, -self.c1)
    def __eq__(self, o): o = _fp2(o); return (self.c0, self.c1) == (o.c0, o.c1)
    def __hash__(self): return hash((self.c0, self.c1))

    def __pow__(self, e: int):
        acc, b = Fp2(1), self
        while e:
            if e & 1:
                acc = acc * b
            b = b * b
            e >>= 1
        return acc

    def norm(self): return (self.c0 * self.c0 + self.c1 * self.c1) % P
    def inv(self):
        n = pow(self.norm(), -1, P)
        return Fp2(self.c0 * n, -self.c1 * n)
    def __truediv__(self, o): return self * _fp2(o).inv()
    def is_zero(self): return self.c0 == 0 and self.c1 == 0
    # RFC 9380 appendix I.5: x is square in Fp2 iff its norm is square in Fp.
    def is_square(self): return Fp(self.norm()).is_square()

    def sqrt(self):
        """A square root by the norm method (enough for the checks here), or None."""
        if self.is_zero():
            return Fp2(0)
        s = Fp(self.norm()).sqrt()
        if s is None:
            return None
        for sg in (s, -s):
            t = (Fp(self.c0) + sg) / 2
            x0 = t.sqrt()
            if x0 is None or x0.is_zero():
                continue
            x1 = Fp(self.c1) / (x0 * 2)
            cand = Fp2(x0.v, x1.v)
            if cand * cand == self:
                return cand
        if self.c1 == 0:   # a = -c^2 with c in Fp: sqrt(a) = c*I
            c = (-Fp(self.c0)).sqrt()
            if c is not None:
                return Fp2(0, c.v)
        return None

    ORDER = P * P
    @staticmethod
    def zero(): return Fp2(0)
    @staticmethod
    def one(): return Fp2(1)


def _fp2(o): return o if isinstance(o, Fp2) else Fp2(o)


# ----------------------------------------------------------------------------------------- polynomials
# A polynomial is a list of coefficients, lowest degree first, over Fp or Fp2 (class F given explicitly).
def p_trim(a):
    a = list(a)
    while a and a[-1].is_zero():
        a.pop()
    return a


def p_mul(a, b, F):
    if not a or not b:
        return []
    out = [F.zero() for _ in range(len(a) + len(b) - 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] = out[i + j] + x * y
    return p_trim(out)


def p_divmod(a, b, F):
    a, b = p_trim(a), p_trim(b)
    q = [F.zero() for _ in range(max(len(a) - len(b) + 1, 1))]
    inv_lead = b[-1].inv()
    while len(a) >= len(b) and a:
        c = a[-1] * inv_lead
        d = len(a) - len(b)
        q[d] = c
        for i, y in enumerate(b):
            a[i + d] = a[i + d] - c * y
        a = p_trim(a)
    return p_trim(q), a


def p_powmod(base, e, m, F):
    acc, b = [F.one()], p_divmod(base, m, F)[1]
    while e:
        if e & 1:
            acc = p_divmod(p_mul(acc, b, F), m, F)[1]
        b = p_divmod(p_mul(b, b, F), m, F)[1]
        e >>= 1
    return acc


def p_gcd(a, b, F):
    a, b = p_trim(a), p_trim(b)
    while b:
        a, b = b, p_divmod(a, b, F)[1]
    return a


def cubic_irreducible(f, F) -> bool:
    """A cubic over F_q is irreducible iff it has no root in F_q iff gcd(x^q - x, f) = 1."""
    d = p_powmod([F.zero(), F.one()], F.ORDER, f, F)
    d = d + [F.zero()] * (2 - len(d))
    d[1] = d[1] - F.one()
    return len(p_gcd(f, p_trim(d), F)) == 1


def p_eval(a, x, F):
    acc = F.zero()
    for c in reversed(a):
        acc = acc * x + c
    return acc


# ----------------------------------------------------------------------------------------- curves
def ec_add(P1, P2, A, F):
    """Affine addition on y^2 = x^3 + A x + B (None = infinity)."""
    if P1 is None:
        return P2
    if P2 is None:
        return P1
    (x1, y1), (x2, y2) = P1, P2
    if x1 == x2:
        if (y1 + y2).is_zero():
            return None
        lam = (x1 * x1 * 3 + A) / (y1 * 2)
    else:
        lam = (y2 - y1) / (x2 - x1)
    x3 = lam * lam - x1 - x2
    return (x3, lam * (x1 - x3) - y1)


def ec_mul(Pt, k, A, F):
    acc = None
    for bit in bin(k)[2:]:
        acc = ec_add(acc, acc, A, F)
        if bit == "1":
            acc = ec_add(acc, Pt, A, F)
    return acc


def random_point(A, B, F, rng):
    while True:
        if F is Fp:
            x = Fp(rng.randrange(P))
        else:
            x = Fp2(rng.randrange(P), rng.randrange(P))
        y = (x * x * x + A * x + B).sqrt()
        if y is not None:
            return (x, y)


def find_z_sswu(F, A, B, gen):
    """RFC 9380 appendix H.2, with the Sage candidate order: ctr = gen, gen + 1, ...; candidates ctr, -ctr."""
    g = [B, A, F.zero(), F.one()]
    ctr = gen
    while True:
        for Zc in (ctr, -ctr):
            if Zc.is_square():                                   # criterion 1: non-square
                continue
            if Zc == -F.one():                                   # criterion 2: Z != -1
                continue
            gz = [g[0] - Zc] + g[1:]
            if not cubic_irreducible(gz, F):                     # criterion 3: g(x) - Z irreducible
                continue
            if (p_eval(g, B / (Zc * A), F)).is_square():         # criterion 4: g(B / (Z A)) square
                return Zc
        ctr = ctr + F.one()


# ----------------------------------------------------------------------------------------- RFC 9380 data
# Section 8.8.1 (BLS12-381 G1): E': y^2 = x^3 + A'x + B'.
G1_A = Fp(0x144698A3B8E9433D693A02C96D4982B0EA985383EE66A8D8E8981AEFD881AC98936F8DA0E0F97F5CF428082D584C1D)
G1_B = Fp(0x12E2908D11688030018B12E8753EEE3B2016C1F0F24F4070A0B9C14FCEF35EF55A23215A316CEAA5D1CC48E98E172BE0)
G1_Z_RFC = Fp(11)
G1_HEFF_RFC = 0xD201000000010001

# Appendix E.2: the 11-isogeny E1' -> E1, coefficients k_(i, j), j = 0, 1, ... (lowest degree first).
G1_XNUM = [
    0x11A05F2B1E833340B809101DD99815856B303E88A2D7005FF2627B56CDB4E2C85610C2D5F2E62D6EAEAC1662734649B7,
    0x17294ED3E943AB2F0588BAB22147A81C7C17E75B2F6A8417F565E33C70D1E86B4838F2A6F318C356E834EEF1B3CB83BB,
    0x0D54005DB97678EC1D1048C5D10A9A1BCE032473295983E56878E501EC68E25C958C3E3D2A09729FE0179F9DAC9EDCB0,
    0x1778E7166FCC6DB74E0609D307E55412D7F5E4656A8DBF25F1B33289F1B330835336E25CE3107193C5B388641D9B6861,
    0x0E99726A3199F4436642B4B3E4118E5499DB995A1257FB3F086EEB65982FAC18985A286F301E77C451154CE9AC8895D9,
    0x1630C3250D7313FF01D1201BF7A74AB5DB3CB17DD952799B9ED3AB9097E68F90A0870D2DCAE73D19CD13C1C66F652983,
    0x0D6ED6553FE44D296A3726C38AE652BFB11586264F0F8CE19008E218F9C86B2A8DA25128C1052ECADDD7F225A139ED84,
    0x17B81E7701ABDBE2E8743884D1117E53356DE5AB275B4DB1A682C62EF0F2753339B7C8F8C8F475AF9CCB5618E3F0C88E,
    0x080D3CF1F9A78FC47B90B33563BE990DC43B756CE79F5574A2C596C928C5D1DE4FA295F296B74E956D71986A8497E317,
    0x169B1F8E1BCFA7C42E0C37515D138F22DD2ECB803A0C5C99676314BAF4BB1B7FA3190B2EDC0327797F241067BE390C9E,
    0x10321DA079CE07E272D8EC09D2565B0DFA7DCCDDE6787F96D50AF36003B14866F69B771F8C285DECCA67DF3F1605FB7B,
    0x06E08C248E260E70BD1E962381EDEE3D31D79D7E22C837BC23C0BF1BC24C6B68C24B1B80B64D391FA9C8BA2E8BA2D229,
]
G1_XDEN = [
    0x08CA8D548CFF19AE18B2E62F4BD3FA6F01D5EF4BA35B48BA9C9588617FC8AC62B558D681BE343DF8993CF9FA40D21B1C,
    0x12561A5DEB559C4348B4711298E536367041E8CA0CF0800C0126C2588C48BF5713DAA8846CB026E9E5C8276EC82B3BFF,
    0x0B2962FE57A3225E8137E629BFF2991F6F89416F5A718CD1FCA64E00B11ACEACD6A3D0967C94FEDCFCC239BA5CB83E19,
    0x03425581A58AE2FEC83AAFEF7C40EB545B08243F16B1655154CCA8ABC28D6FD04976D5243EECF5C4130DE8938DC62CD8,
    0x13A8E162022914A80A6F1D5F43E7A07DFFDFC759A12062BB8D6B44E833B306DA9BD29BA81F35781D539D395B3532A21E,
    0x0E7355F8E4E667B955390F7F0506C6E9395735E9CE9CAD4D0A43BCEF24B8982F7400D24BC4228F11C02DF9A29F6304A5,
    0x0772CAACF16936190F3E0C63E0596721570F5799AF53A1894E2E073062AEDE9CEA73B3538F0DE06CEC2574496EE84A3A,
    0x14A7AC2A9D64A8B230B3F5B074CF01996E7F63C21BCA68A81996E1CDF9822C580FA5B9489D11E2D311F7D99BBDCC5A5E,
    0x0A10ECF6ADA54F825E920B3DAFC7A3CCE07F8D1D7161366B74100DA67F39883503826692ABBA43704776EC3A79A1D641,
    0x095FC13AB9E92AD4476D6E3EB3A56680F682B4EE96F7D03776DF533978F31C1593174E4B4B7865002D6384D168ECDD0A,
    1,
]
G1_YNUM = [
    0x090D97C81BA24EE0259D1F094980DCFA11AD138E48A869522B52AF6C956543D3CD0C7AEE9B3BA3C2BE9845719707BB33,
    0x134996A104EE5811D51036D776FB46831223E96C254F383D0F906343EB67AD34D6C56711962FA8BFE097E75A2E41C696,
    0x00CC786BAA966E66F4A384C86A3B49942552E2D658A31CE2C344BE4B91400DA7D26D521628B00523B8DFE240C72DE1F6,
    0x01F86376E8981C217898751AD8746757D42AA7B90EEB791C09E4A3EC03251CF9DE405ABA9EC61DECA6355C77B0E5F4CB,
    0x08CC03FDEFE0FF135CAF4FE2A21529C4195536FBE3CE50B879833FD221351ADC2EE7F8DC099040A841B6DAECF2E8FEDB,
    0x16603FCA40634B6A2211E11DB8F0A6A074A7D0D4AFADB7BD76505C3D3AD5544E203F6326C95A807299B23AB13633A5F0,
    0x04AB0B9BCFAC1BBCB2C977D027796B3CE75BB8CA2BE184CB5231413C4D634F3747A87AC2460F415EC961F8855FE9D6F2,
    0x0987C8D5333AB86FDE9926BD2CA6C674170A05BFE3BDD81FFD038DA6C26C842642F64550FEDFE935A15E4CA31870FB29,
    0x09FC4018BD96684BE88C9E221E4DA1BB8F3ABD16679DC26C1E8B6E6A1F20CABE69D65201C78607A360370E577BDBA587,
    0x0E1BBA7A1186BDB5223ABDE7ADA14A23C42A0CA7915AF6FE06985E7ED1E4D43B9B3F7055DD4EBA6F2BAFAAEBCA731C30,
    0x19713E47937CD1BE0DFD0B8F1D43FB93CD2FCBCB6CAF493FD1183E416389E61031BF3A5CCE3FBAFCE813711AD011C132,
    0x18B46A908F36F6DEB918C143FED2EDCC523559B8AAF0C2462E6BFE7F911F643249D9CDF41B44D606CE07C8A4D0074D8E,
    0x0B182CAC101B9399D155096004F53F447AA7B12A3426B08EC02710E807B4633F06C851C1919211F20D4C04F00B971EF8,
    0x0245A394AD1ECA9B72FC00AE7BE315DC757B3B080D4C158013E6632D3C40659CC6CF90AD1C232A6442D9D3F5DB980133,
    0x05C129645E44CF1102A159F748C4A3FC5E673D81D7E86568D9AB0F5D396A7CE46BA1049B6579AFB7866B1E715475224B,
    0x15E6BE4E990F03CE4EA50B3B42DF2EB5CB181D8F84965A3957ADD4FA95AF01B2B665027EFEC01C7704B456BE69C8B604,
]
G1_YDEN = [
    0x16112C4C3A9C98B252181140FAD0EAE9601A6DE578980BE6EEC3232B5BE72E7A07F3688EF60C206D01479253B03663C1,
    0x1962D75C2381201E1A0CBD6C43C348B885C84FF731C4D59CA4A10356F453E01F78A4260763529E3532F6102C2E49A03D,
    0x058DF3306640DA276FAAAE7D6E8EB15778C4855551AE7F310C35A5DD279CD2ECA6757CD636F96F891E2538B53DBF67F2,
    0x16B7D288798E5395F20D23BF89EDB4D1D115C5DBDDBCD30E123DA489E726AF41727364F2C28297ADA8D26D98445F5416,
    0x0BE0E079545F43E4B00CC912F8228DDCC6D19C9F0F69BBB0542EDA0FC9DEC916A20B15DC0FD2EDEDDA39142311A5001D,
    0x08D9E5297186DB2D9FB266EAAC783182B70152C65550D881C5ECD87B6F0F5A6449F38DB9DFA9CCE202C6477FAAF9B7AC,
    0x166007C08A99DB2FC3BA8734ACE9824B5EECFDFA8D0CF8EF5DD365BC400A0051D5FA9C01A58B1FB93D1A1399126A775C,
    0x16A3EF08BE3EA7EA03BCDDFABBA6FF6EE5A4375EFA1F4FD7FEB34FD206357132B920F5B00801DEE460EE415A15812ED9,
    0x1866C8ED336C61231A1BE54FD1D74CC4F9FB0CE4C6AF5920ABC5750C4BF39B4852CFE2F7BB9248836B233D9D55535D4A,
    0x167A55CDA70A6E1CEA820597D94A84903216F763E13D87BB5308592E7EA7D4FBC7385EA3D529B35E346EF48BB8913F55,
    0x04D2F259EEA405BD48F010A01AD2911D9C6DD039BB61A6290E591B36E636A5C871A5C29F4F83060400F8B49CBA8F6AA8,
    0x0ACCBB67481D033FF5852C1E48C50C477F94FF8AEFCE42D28C0F9A88CEA7913516F968986F7EBBEA9684B529E2561092,
    0x0AD6B9514C767FE3C3613144B45F1496543346D98ADF02267D5CEEF9A00D9B8693000763E3B90AC11E99B138573345CC,
    0x02660400EB2E4F3B628BDD0D53CD76F2BF565B94E72927C1CB748DF27942480E420517BD8714CC80D1FADC1326ED06F7,
    0x0E0FA1D816DDC03E6B24255E0D7819C171C40F65E273B853324EFCD6356CAA205CA2F570F13497804415473A1D634B8F,
    1,
]

# Section 8.8.2 (BLS12-381 G2).
G2_A = Fp2(0, 240)
G2_B = Fp2(1012, 1012)
G2_Z_RFC = Fp2(-2, -1)
G2_HEFF_RFC = int(
    "0bc69f08f2ee75b3584c6a0ea91b352888e2a8e9145ad7689986ff031508ffe1329c2f178731db956d82bf015d1212b02ec0ec69d"
    "7477c1ae954cbc06689f6a359894c0adebbf6b4e8020005aaa95551", 16)

# Appendix E.3: the 3-isogeny E2' -> E2, coefficients as (c0, c1).
_K = 0x5C759507E8E333EBB5B7A9A47D7ED8532C52D39FD3A042A88B58423C50AE15D5C2638E343D9C71C6238AAAAAAAA97D6
G2_XNUM = [
    Fp2(_K, _K),
    Fp2(0, 0x11560BF17BAA99BC32126FCED787C88F984F87ADF7AE0C7F9A208C6B4F20A4181472AAA9CB8D555526A9FFFFFFFFC71A),
    Fp2(0x11560BF17BAA99BC32126FCED787C88F984F87ADF7AE0C7F9A208C6B4F20A4181472AAA9CB8D555526A9FFFFFFFFC71E,
        0x8AB05F8BDD54CDE190937E76BC3E447CC27C3D6FBD7063FCD104635A790520C0A395554E5C6AAAA9354FFFFFFFFE38D),
    Fp2(0x171D6541FA38CCFAED6DEA691F5FB614CB14B4E7F4E810AA22D6108F142B85757098E38D0F671C7188E2AAAAAAAA5ED1, 0),
]
G2_XDEN = [
    Fp2(0, 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAA63),
    Fp2(0xC, 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAA9F),
    Fp2(1, 0),
]
_K = 0x1530477C7AB4113B59A4C18B076D11930F7DA5D4A07F649BF54439D87D27E500FC8C25EBF8C92F6812CFC71C71C6D706
G2_YNUM = [
    Fp2(_K, _K),
    Fp2(0, 0x5C759507E8E333EBB5B7A9A47D7ED8532C52D39FD3A042A88B58423C50AE15D5C2638E343D9C71C6238AAAAAAAA97BE),
    Fp2(0x11560BF17BAA99BC32126FCED787C88F984F87ADF7AE0C7F9A208C6B4F20A4181472AAA9CB8D555526A9FFFFFFFFC71C,
        0x8AB05F8BDD54CDE190937E76BC3E447CC27C3D6FBD7063FCD104635A790520C0A395554E5C6AAAA9354FFFFFFFFE38F),
    Fp2(0x124C9AD43B6CF79BFBF7043DE3811AD0761B0F37A1E26286B0E977C69AA274524E79097A56DC4BD9E1B371C71C718B10, 0),
]
_K = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFA8FB
G2_YDEN = [
    Fp2(_K, _K),
    Fp2(0, 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFA9D3),
    Fp2(0x12, 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAA99),
    Fp2(1, 0),
]

G1_XNUM = [Fp(c) for c in G1_XNUM]
G1_XDEN = [Fp(c) for c in G1_XDEN]
G1_YNUM = [Fp(c) for c in G1_YNUM]
G1_YDEN = [Fp(c) for c in G1_YDEN]


# ----------------------------------------------------------------------------------------- checks
def iso_map(pt, xnum, xden, ynum, yden, F):
    x, y = pt
    dx, dy = p_eval(xden, x, F), p_eval(yden, x, F)
    if dx.is_zero() or dy.is_zero():
        return None
    return (p_eval(xnum, x, F) / dx, y * p_eval(ynum, x, F) / dy)


def poly_sqrt_monic(a, F):
    """The monic b with b^2 = a for monic a of even degree, or None (coefficient-wise from the top)."""
    n = (len(a) - 1) // 2
    b = [F.zero()] * (n + 1)
    b[n] = F.one()
    for k in range(n - 1, -1, -1):
        # coefficient of x^(n + k) in b^2 is 2 b_k + sum_{i + j = n + k, i, j > k} b_i b_j
        s = F.zero()
        for i in range(k + 1, n + 1):
            j = n + k - i
            if k < j <= n:
                s = s + b[i] * b[j]
        b[k] = (a[n + k] - s) / 2
    return b if p_mul(b, b, F) == p_trim(a) else None


def check_isogeny(name, A, B, xnum, xden, ynum, yden, degree, F, A_E, B_E, rng):
    assert not A.is_zero() and not B.is_zero(), f"{name}: SSWU needs A'B' != 0"
    assert len(xnum) == degree + 1 and len(xden) == degree and len(ynum) == len(yden) == (3 * degree - 3) // 2 + 1
    assert xden[-1] == F.one() and yden[-1] == F.one()
    psi = poly_sqrt_monic(xden, F)
    assert psi is not None and len(psi) == (degree - 1) // 2 + 1, f"{name}: x_den is not psi^2"
    assert p_mul(p_mul(psi, psi, F), psi, F) == p_trim(yden), f"{name}: y_den is not psi^3"
    for _ in range(4):
        P1, P2 = random_point(A, B, F, rng), random_point(A, B, F, rng)
        Q1 = iso_map(P1, xnum, xden, ynum, yden, F)
        Q2 = iso_map(P2, xnum, xden, ynum, yden, F)
        for (x, y) in (Q1, Q2):
            assert y * y == x * x * x + A_E * x + B_E, f"{name}: image not on E"
        S = ec_add(P1, P2, A, F)
        assert iso_map(S, xnum, xden, ynum, yden, F) == ec_add(Q1, Q2, A_E, F), f"{name}: not a homomorphism"
    return psi


def check_all():
    rng = random.Random(9380)
    # Z: derived with the RFC's own search (appendix H.2), compared with sections 8.8.1 / 8.8.2.
    z1 = find_z_sswu(Fp, G1_A, G1_B, Fp(1))
    assert z1 == G1_Z_RFC, z1.v
    z2 = find_z_sswu(Fp2, G2_A, G2_B, Fp2(0, 1))
    assert z2 == G2_Z_RFC, (z2.c0, z2.c1)
    # Isogenies.
    psi1 = check_isogeny("G1 11-isogeny", G1_A, G1_B, G1_XNUM, G1_XDEN, G1_YNUM, G1_YDEN, 11, Fp,
                         Fp(0), Fp(4), rng)
    psi2 = check_isogeny("G2 3-isogeny", G2_A, G2_B, G2_XNUM, G2_XDEN, G2_YNUM, G2_YDEN, 3, Fp2,
                         Fp2(0), Fp2(4, 4), rng)
    # G2: the kernel of the 3-isogeny is {O, (x0, +-y0)} with psi(x) = x - x0; (x0, y0) has order 3.
    x0 = -psi2[0]
    y0 = (x0 * x0 * x0 + G2_A * x0 + G2_B).sqrt()
    if y0 is not None:   # the kernel point may live over an extension; when it is rational, check its order
        assert ec_mul((x0, y0), 3, G2_A, Fp2) is None
    # cofactors
    assert G1_HEFF_RFC == 1 - Z_BLS
    h2 = (Z_BLS**8 - 4 * Z_BLS**7 + 5 * Z_BLS**6 - 4 * Z_BLS**4 + 6 * Z_BLS**3 - 4 * Z_BLS**2 - 4 * Z_BLS + 13) // 9
    assert G2_HEFF_RFC == 3 * (Z_BLS**2 - 1) * h2
    # Appendix G.3 computes [z^2 - z - 1]P + [z - 1]psi(P) + psi^2(2P); psi acts as [z] on G2 (mod r).
    assert (Z_BLS**2 - Z_BLS - 1 + (Z_BLS - 1) * Z_BLS + 2 * Z_BLS**2 - G2_HEFF_RFC) % R == 0
    return psi1


# ----------------------------------------------------------------------------------------- sqrt_ratio constants
# G1, q = p = 3 mod 4 (RFC 9380 F.2.1.2): c1 = (p - 3)/4 (FP_P_MINUS_3_DIV_4 in consts.h), c2 = sqrt(-Z).
G1_SQRT_MINUS_Z = (-G1_Z_RFC).sqrt()
assert G1_SQRT_MINUS_Z is not None
# G2, q = p^2 (F.2.1.1, generic constant-time Tonelli-Shanks form).
Q2 = P * P
G2_C1 = ((Q2 - 1) & -(Q2 - 1)).bit_length() - 1          # largest c1 with 2^c1 | q - 1
assert G2_C1 == 3
G2_C2 = (Q2 - 1) >> G2_C1
G2_C3 = (G2_C2 - 1) // 2
G2_C6 = G2_Z_RFC ** G2_C2
G2_C7 = G2_Z_RFC ** ((G2_C2 + 1) // 2)


# ----------------------------------------------------------------------------------------- exponent chains
def sliding_window_chain(e: int, w: int):
    """Left-to-right sliding-window schedule for x^e: a list of (squarings, odd digit d) steps meaning
    "square `squarings` times, then multiply by x^d" (the first step's squarings are 0 and it loads x^d),
    plus the number of final squarings. Returns (steps, final_squarings, largest digit)."""
    bits = bin(e)[2:]
    steps, i, pending = [], 0, 0
    while i < len(bits):
        if bits[i] == "0":
            pending += 1
            i += 1
            continue
        j = min(i + w, len(bits))
        while bits[j - 1] == "0":
            j -= 1
        steps.append((pending + (j - i) if steps else 0, int(bits[i:j], 2)))
        pending = 0
        i = j
    # check the schedule reproduces e
    acc = 0
    for k, (sq, d) in enumerate(steps):
        acc = (acc << sq) + d if k else d
    assert (acc << pending) == e
    return steps, pending, max(d for _, d in steps)


def best_chain(e: int):
    """The window size (3..8) with the fewest multiplications, counting the table of odd powers."""
    best = None
    for w in range(3, 9):
        steps, fin, dmax = sliding_window_chain(e, w)
        cost = len(steps) - 1 + (dmax + 1) // 2
        if best is None or cost < best[0]:
            best = (cost, w, steps, fin, dmax)
    return best


def chain_c(name: str, e: int, what: str) -> str:
    cost, w, steps, fin, dmax = best_chain(e)
    nsq = sum(sq for sq, _ in steps) + fin
    assert all(sq < 256 for sq, _ in steps) and fin < 256
    lines = [f"/* x^e for {what}: sliding window of width {w}, {len(steps)} steps, {nsq} squarings and "
             f"{cost} multiplications",
             f" * (table of the {(dmax + 1) // 2} odd powers x^1..x^{dmax} included). Each step: square s times, "
             "then multiply by x^d",
             " * (the first step loads x^d); then H2C_..._FINAL more squarings. The schedule is public. */",
             f"#define {name}_TABLE {(dmax + 1) // 2}",
             f"#define {name}_FINAL {fin}",
             f"static const uint8_t {name}_STEPS[{len(steps)}][2] = {{"]
    row = []
    for sq, d in steps:
        row.append(f"{{{sq}, {d}}}")
        if len(row) == 12:
            lines.append("    " + ", ".join(row) + ",")
            row = []
    if row:
        lines.append("    " + ", ".join(row) + ",")
    lines.append("};")
    return "\n".join(lines)


def frobenius_chain_c(name: str, e: int, what: str) -> str:
    """x^e over Fp2 as x^b * conj(x)^a with e = a p + b (x^p = conj(x) is free): one joint sliding-window
    schedule for the two ~380-bit exponents sharing their squarings (Straus/Shamir), instead of a 758-bit chain."""
    a, b = divmod(e, P)

    def windows(v, w):
        res, bits, i = [], bin(v)[2:], 0
        while i < len(bits):
            if bits[i] == "0":
                i += 1
                continue
            j = min(i + w, len(bits))
            while bits[j - 1] == "0":
                j -= 1
            res.append((len(bits) - j, int(bits[i:j], 2)))     # (position of the window's lowest bit, digit)
            i = j
        return res

    best = None
    for w in range(3, 7):
        ws = sorted([(pos, 0, d) for pos, d in windows(b, w)] + [(pos, 1, d) for pos, d in windows(a, w)],
                    key=lambda t: -t[0])
        dmax = max(d for _, _, d in ws)
        cost = len(ws) - 1 + (dmax + 1) // 2
        if best is None or cost < best[0]:
            best = (cost, w, ws, dmax)
    cost, w, ws, dmax = best
    steps, cur = [], None
    for pos, which, d in ws:
        steps.append((0 if cur is None else cur - pos, which, d))
        cur = pos
    fin = cur
    # check: the schedule rebuilds (b, a)
    acc = [0, 0]
    for sq, which, d in steps:
        acc = [acc[0] << sq, acc[1] << sq]
        acc[which] += d
    assert [acc[0] << fin, acc[1] << fin] == [b, a] and a * P + b == e
    assert all(sq < 256 for sq, _, _ in steps) and dmax < 64
    nsq = sum(sq for sq, _, _ in steps) + fin
    lines = [f"/* x^e for {what}, as x^b conj(x)^a with e = a p + b: joint sliding windows of width {w},",
             f" * {len(steps)} steps, {nsq} squarings and {cost} multiplications (table of the {(dmax + 1) // 2} odd "
             f"powers x^1..x^{dmax} included;",
             " * conj(x)^d = conj(x^d) needs no table). Each step {s, t, d}: square s times, then multiply by x^d (t = 0)",
             " * or conj(x)^d (t = 1); the first step loads. Then H2C_..._FINAL more squarings. The schedule is public. */",
             f"#define {name}_TABLE {(dmax + 1) // 2}",
             f"#define {name}_FINAL {fin}",
             f"static const uint8_t {name}_STEPS[{len(steps)}][3] = {{"]
    row = []
    for st in steps:
        row.append("{%d, %d, %d}" % st)
        if len(row) == 10:
            lines.append("    " + ", ".join(row) + ",")
            row = []
    if row:
        lines.append("    " + ", ".join(row) + ",")
    lines.append("};")
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------- output
MONT_R = 1 << 384


def limbs(v: int, n: int = 6) -> str:
    return "{" + ", ".join(f"0x{(v >> (64 * i)) & (2**64 - 1):016x}ULL" for i in range(n)) + "}"


def fp_lit(v) -> str:
    return "{" + limbs(v.v * MONT_R % P) + "}"


def fp2_lit(v) -> str:
    return "{" + fp_lit(Fp(v.c0)) + ", " + fp_lit(Fp(v.c1)) + "}"


def table(name, vals, lit, ctype, comment):
    out = [f"/* {comment} */", f"static const {ctype} {name}[{len(vals)}] = {{"]
    out += [f"    {lit(v)}," for v in vals]
    out.append("};")
    return "\n".join(out)


def main() -> None:
    check_all()
    parts = [
        "/* Generated by tools/gen_h2c_consts.py -- do not edit. RFC 9380 hash-to-curve constants for BLS12-381.",
        " * Field elements are in Montgomery form (R = 2^384). Polynomial coefficient tables are lowest degree first.",
        " * See the generator for what is derived and what is taken from the RFC and checked. */",
        "#ifndef ZK_H2C_CONSTS_H",
        "#define ZK_H2C_CONSTS_H",
        "",
        "/* ---- G1 (RFC 9380 section 8.8.1) */",
        f"/* Z = 11 (derived with the search of appendix H.2) */",
        f"static const zk_fp H2C_G1_Z = {fp_lit(G1_Z_RFC)};",
        "/* A' of E1': y^2 = x^3 + A'x + B' */",
        f"static const zk_fp H2C_G1_A = {fp_lit(G1_A)};",
        "/* B' */",
        f"static const zk_fp H2C_G1_B = {fp_lit(G1_B)};",
        "/* 3 B' (the complete addition formulas on E1', Renes-Costello-Batina 2016 algorithm 1) */",
        f"static const zk_fp H2C_G1_B3 = {fp_lit(G1_B * 3)};",
        chain_c("H2C_G1_C1", (P - 3) // 4, "c1 = (p - 3)/4 of sqrt_ratio_3mod4"),
        "/* sqrt(-Z) = sqrt(-11): constant c2 of sqrt_ratio for q = 3 mod 4 (appendix F.2.1.2) */",
        f"static const zk_fp H2C_G1_SQRT_MINUS_Z = {fp_lit(G1_SQRT_MINUS_Z)};",
        table("H2C_G1_XNUM", G1_XNUM, fp_lit, "zk_fp", "11-isogeny x_num, k_(1,0..11) (appendix E.2)"),
        table("H2C_G1_XDEN", G1_XDEN[:-1], fp_lit, "zk_fp", "x_den, k_(2,0..9); monic (k_(2,10) = 1 implied)"),
        table("H2C_G1_YNUM", G1_YNUM, fp_lit, "zk_fp", "y_num, k_(3,0..15)"),
        table("H2C_G1_YDEN", G1_YDEN[:-1], fp_lit, "zk_fp", "y_den, k_(4,0..14); monic (k_(4,15) = 1 implied)"),
        "",
        "/* ---- G2 (RFC 9380 section 8.8.2) */",
        "/* Z = -(2 + I) (derived with the search of appendix H.2) */",
        f"static const zk_fp2 H2C_G2_Z = {fp2_lit(G2_Z_RFC)};",
        "/* A' = 240 I */",
        f"static const zk_fp2 H2C_G2_A = {fp2_lit(G2_A)};",
        "/* B' = 1012 (1 + I) */",
        f"static const zk_fp2 H2C_G2_B = {fp2_lit(G2_B)};",
        "/* 3 B' (complete addition on E2') */",
        f"static const zk_fp2 H2C_G2_B3 = {fp2_lit(G2_B * 3)};",
        "/* sqrt_ratio for any field (appendix F.2.1.1) with q = p^2: c1 = 3, c2 = (q - 1)/8, c4 = 7, c5 = 4. */",
        frobenius_chain_c("H2C_G2_C3", G2_C3, "c3 = (p^2 - 9)/16 of the generic sqrt_ratio"),
        "/* c6 = Z^c2 */",
        f"static const zk_fp2 H2C_G2_C6 = {fp2_lit(G2_C6)};",
        "/* c7 = Z^((c2 + 1)/2) */",
        f"static const zk_fp2 H2C_G2_C7 = {fp2_lit(G2_C7)};",
        table("H2C_G2_XNUM", G2_XNUM, fp2_lit, "zk_fp2", "3-isogeny x_num, k_(1,0..3) (appendix E.3)"),
        table("H2C_G2_XDEN", G2_XDEN[:-1], fp2_lit, "zk_fp2", "x_den, k_(2,0..1); monic"),
        table("H2C_G2_YNUM", G2_YNUM, fp2_lit, "zk_fp2", "y_num, k_(3,0..3)"),
        table("H2C_G2_YDEN", G2_YDEN[:-1], fp2_lit, "zk_fp2", "y_den, k_(4,0..2); monic"),
        "",
        "/* Cofactor clearing: G1 h_eff = 1 - z = 0xd201000000010001 (via g1_mul_by_z); G2 h_eff of section 8.8.2",
        " * via the psi method of appendix G.3 (both checked by the generator). */",
        "",
        "#endif",
        "",
    ]
    print("\n".join(parts))


if __name__ == "__main__":
    main()
