/* g1_impl.h -- TEMPORARY STUB, replaced by the g1 module. */
