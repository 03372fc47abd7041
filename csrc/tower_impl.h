/* tower_impl.h -- TEMPORARY STUB, replaced by the tower module. */
