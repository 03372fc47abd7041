"""Test-only LegoGroth16 setup from a KNOWN trapdoor (tau, alpha, beta, gamma, delta, eta), in plain Python
integers mod r: an independent reference for ``lego.check_keys`` (and the way to build keys the C setup refuses to
make, e.g. tau a root of unity). The Lagrange values use the closed form of the geometric sum
L_i(tau) = (1/N) sum_{j<N} (tau w^-i)^j, valid for every tau (also on the domain), so no division by tau - w^i."""
from zkcred.bls12_381 import G1, G2
from zkcred.groth16 import core, lego
from zkcred.groth16._ntt import root_of_unity
from zkcred.groth16._proving_key import ProvingKey
from zkcred.groth16.keys import R, g1_to_zkey, g2_to_zkey
from zkcred.groth16.r1cs import R1CS


def _lagrange(tau: int, log_size: int) -> list[int]:
    size = 1 << log_size
    w_inv = pow(root_of_unity(log_size), R - 2, R)
    size_inv = pow(size, R - 2, R)
    out = []
    x = tau % R
    for _ in range(size):
        if x == 1:
            out.append(1)
        else:
            out.append((pow(x, size, R) - 1) * pow(x - 1, R - 2, R) % R * size_inv % R)
        x = x * w_inv % R
    return out


def extended(r1cs: R1CS, n_committed: int) -> R1CS:
    return R1CS(r1cs.n_wires, r1cs.n_pub_out, r1cs.n_pub_in + n_committed, r1cs.n_prv_in - n_committed,
                r1cs.constraints, list(r1cs.labels))


def trapdoor_key(r1cs: R1CS, n_committed: int, tau: int, alpha: int, beta: int, gamma: int, delta: int,
                 eta: int, *, n_powers: int | None = None) -> lego.LegoProvingKey:
    ext = extended(r1cs, n_committed)
    n_vars, n_pub, m = ext.n_wires, ext.n_public, len(ext.constraints)
    n = core.domain_size_for(m, n_pub)
    log_n = n.bit_length() - 1
    lag = _lagrange(tau, log_n)
    u, v, w = [0] * n_vars, [0] * n_vars, [0] * n_vars
    for row, (la, lb, lc) in enumerate(ext.constraints):
        for acc, lc_ in ((u, la), (v, lb), (w, lc)):
            for wire, coef in lc_:
                acc[wire] = (acc[wire] + coef * lag[row]) % R
    for i in range(n_pub + 1):                      # the public-input rows
        u[i] = (u[i] + lag[m + i]) % R
    inv = lambda x: pow(x, R - 2, R)               # noqa: E731
    k = [(beta * u[i] + alpha * v[i] + w[i]) % R for i in range(n_vars)]
    g1, g2 = G1.generator(), G2.generator()
    enc1 = lambda xs: b"".join(g1_to_zkey(g1.mul_var(x % R)) for x in xs)    # noqa: E731
    enc2 = lambda xs: b"".join(g2_to_zkey(g2.mul_var(x % R)) for x in xs)    # noqa: E731
    lag2 = _lagrange(tau, log_n + 1)
    h = [lag2[2 * i + 1] * inv(delta) % R for i in range(n)]
    g = ProvingKey(n_vars=n_vars, n_public=n_pub, domain_size=n, alpha1=enc1([alpha]), beta1=enc1([beta]),
                   delta1=enc1([delta]), beta2=enc2([beta]), gamma2=enc2([gamma]), delta2=enc2([delta]),
                   ic=enc1([x * inv(gamma) for x in k[:n_pub + 1]]), coeffs=core.qap_records(ext, with_c=False),
                   a=enc1(u), b1=enc1(v), b2=enc2(v), c=enc1([x * inv(delta) for x in k[n_pub + 1:]]), h=enc1(h))
    tau1 = enc1([pow(tau, j, R) for j in range(1, n + 1)])
    tau2 = enc2([tau, pow(tau, n, R)])
    return lego.LegoProvingKey(g, n_committed, g1.mul_var(eta * inv(delta) % R), g1.mul_var(eta * inv(gamma) % R),
                               tau1, tau2)
