/* ntt_impl.h -- TEMPORARY STUB, replaced by the ntt module. */
