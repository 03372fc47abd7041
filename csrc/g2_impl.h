/* g2_impl.h -- TEMPORARY STUB, replaced by the g2 module. */
