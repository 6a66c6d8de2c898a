import torch.nn as nn

# shapelint: input=(N, 3, 224, 224)
class Net(nn.Module):
    pass

#shapelint:input=((N, 10), (None, 20))
def two_inputs():
    return Pair()

# a comment that mentions shapelint without the directive
x = 1  # shapelint: input=(2, C, H, W)
y = shapelint(3)  # type: ignore
